import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeWechat } from '../support/fake-wechat';
import { Harness, Reply } from '../support/harness';

/**
 * A server wired to the fake WeChat (code2Session, subscribe messages) with its own upload
 * folder, and the mini-program's side of the conversation: logins, uploads, appeals.
 */
export class MpWorld {
  private seq = 0;

  private constructor(readonly h: Harness, readonly fake: FakeWechat, readonly uploadDir: string) {}

  static async start(clock?: () => Date): Promise<MpWorld> {
    const fake = await FakeWechat.start();
    const uploadDir = mkdtempSync(join(tmpdir(), 'mp-uploads-'));
    const h = await Harness.start({ clock, env: { ...fake.config(), UPLOAD_DIR: uploadDir } });
    return new MpWorld(h, fake, uploadDir);
  }

  async stop(): Promise<void> {
    await this.h.stop();
    await this.fake.stop();
    rmSync(this.uploadDir, { recursive: true, force: true });
  }

  /** Logs the WeChat user `openid` in as the mini-program does; returns the worker token. */
  async login(openid: string): Promise<string> {
    const res = await this.h.request('POST', '/api/v1/mp/login', { body: { code: this.fake.loginCode(openid) } });
    if (res.status !== 200) throw new Error(`mp login: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  /** POSTs one file as multipart/form-data, the way wx.uploadFile does. */
  async upload(token: string | undefined, bytes: Buffer, name = 'photo.jpg', type = 'image/jpeg'): Promise<Reply> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    const res = await fetch(`${this.h.baseUrl}/api/v1/mp/uploads`, {
      method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  /** Uploads and returns the new attachment's id. */
  async uploaded(token: string, bytes: Buffer): Promise<number> {
    const res = await this.upload(token, bytes);
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  appeal(token: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    return this.h.request('POST', '/api/v1/mp/appeals', {
      token,
      body: {
        requestId: `req-${Date.now()}-${++this.seq}`,
        text: '我在天河区一家保安公司上班，老板拖欠我三个月工资，一直不给',
        employer: `天河第${this.seq}保安服务公司`,
        regionCode: '440106',
        phone: '13912345678',
        anonymous: false,
        ...fields,
      },
    });
  }

  /** Submits an appeal that must become an order; returns the appeal. */
  async orderedAppeal(token: string, fields: Record<string, unknown> = {}): Promise<any> {
    const res = await this.appeal(token, fields);
    if (res.status !== 201 || !res.body.orderNumber) throw new Error(`appeal: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** The order id behind an order number (as the centre's console finds it). */
  async orderId(number: string): Promise<number> {
    const res = await this.h.as('demo-agent', 'GET', `/api/v1/work-orders?q=${number}`);
    return res.body.items[0].id;
  }
}

/** The first bytes of each accepted type, padded out: what sniffing reads. */
const pad = (head: number[] | Buffer, size = 256) => Buffer.concat([Buffer.from(head), Buffer.alloc(Math.max(0, size - head.length), 7)]);
const ascii = (s: string) => [...Buffer.from(s, 'latin1')];

export const SAMPLES = {
  jpg: (size?: number) => pad([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF')], size),
  png: () => pad([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  webp: () => pad([...ascii('RIFF'), 0x24, 0, 0, 0, ...ascii('WEBPVP8 ')]),
  heic: () => pad([0, 0, 0, 0x18, ...ascii('ftypheic'), 0, 0, 0, 0, ...ascii('mif1heic')]),
  mp3: (size?: number) => pad([...ascii('ID3'), 0x04, 0, 0], size),
  mp3Frame: () => pad([0xff, 0xfb, 0x90, 0x64]),
  aac: () => pad([0xff, 0xf1, 0x50, 0x80]),
  m4a: () => pad([0, 0, 0, 0x20, ...ascii('ftypM4A '), 0, 0, 0, 0]),
  silk: () => pad([0x02, ...ascii('#!SILK_V3')]),
  html: () => Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'),
};
