/** Photos and voice notes: uploaded with wx.uploadFile, fetched with wx.downloadFile (both need the token). */
import { ApiError, apiUrl, authHeader, errorOf, networkError } from './http';
import { staffSession, workerSession } from './session';

export interface Attachment {
  id: number;
  kind: 'photo' | 'voice';
  mime: string;
  size: number;
  from: 'worker' | 'staff';
  createdAt: string;
  url: string;
}

/** Whose token goes with the file. */
export type Uploader = 'worker' | 'staff';

async function tokenOf(as: Uploader): Promise<string> {
  if (as === 'worker') return (await workerSession()).token;
  const session = staffSession();
  if (!session) throw new ApiError(401, 'unauthorized', '请先绑定工作人员账号');
  return session.token;
}

export async function uploadFile(filePath: string, as: Uploader): Promise<Attachment> {
  const token = await tokenOf(as);
  return new Promise((resolve, reject) => {
    wx.uploadFile({
      url: apiUrl('/mp/uploads'),
      filePath,
      name: 'file',
      header: authHeader(token),
      success: (res) => {
        let body: unknown = null;
        try {
          body = JSON.parse(res.data);
        } catch {
          // not JSON: the status says enough
        }
        if (res.statusCode === 201) resolve(body as Attachment);
        else reject(errorOf(res.statusCode, body));
      },
      fail: () => reject(networkError()),
    });
  });
}

/** A local copy of an attachment, for <image> or the audio player (neither can send a token). */
export async function downloadAttachment(attachment: Attachment, as: Uploader): Promise<string> {
  const token = await tokenOf(as);
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url: apiUrl(`/attachments/${attachment.id}`),
      header: authHeader(token),
      success: (res) => (res.statusCode === 200 ? resolve(res.tempFilePath) : reject(errorOf(res.statusCode, null))),
      fail: () => reject(networkError()),
    });
  });
}
