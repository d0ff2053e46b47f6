/**
 * Where the backend is: the one thing that differs between a developer's machine and a release.
 *
 * - WeChat DevTools: a local server (`npm run serve` listens on port 3000), with 详情 → 本地设置 →
 *   「不校验合法域名、web-view（业务域名）、TLS 版本以及 HTTPS 证书」 ticked.
 * - Real phones and releases: the HTTPS origin registered in the mini-program console as the
 *   request, uploadFile and downloadFile domain.
 */
export const API_BASE = 'http://127.0.0.1:3000';
