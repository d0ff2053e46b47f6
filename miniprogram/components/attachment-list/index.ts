import { Attachment, downloadAttachment, Uploader } from '../../services/attachments';

/**
 * An order's photos and voice notes. Files are fetched with the viewer's token (`as`), since
 * <image> and the audio player cannot send one; photos open full screen, voice notes play.
 */
Component({
  properties: {
    items: { type: Array, value: [] },
    as: { type: String, value: 'worker' },
  },
  data: {
    photos: [] as Array<{ id: number; path: string; from: string }>,
    voices: [] as Array<{ id: number; from: string }>,
  },
  observers: {
    async 'items, as'(items: Attachment[], as: string) {
      this.setData({ voices: items.filter((a) => a.kind === 'voice').map((a) => ({ id: a.id, from: a.from })), photos: [] });
      const photos = await Promise.all(items.filter((a) => a.kind === 'photo').map(async (a) => ({
        id: a.id, from: a.from, path: await downloadAttachment(a, as as Uploader).catch(() => ''),
      })));
      this.setData({ photos: photos.filter((p) => p.path) });
    },
  },
  methods: {
    preview(e: WechatMiniprogram.BaseEvent) {
      wx.previewImage({ current: e.currentTarget.dataset.path as string, urls: this.data.photos.map((p) => p.path) });
    },

    async play(e: WechatMiniprogram.BaseEvent) {
      const voice = (this.data.items as Attachment[]).find((a) => a.id === e.currentTarget.dataset.id);
      if (!voice) return;
      try {
        const audio = wx.createInnerAudioContext();
        audio.src = await downloadAttachment(voice, this.data.as as Uploader);
        audio.play();
      } catch (err) {
        wx.showToast({ title: (err as Error).message, icon: 'none' });
      }
    },
  },
});
