import { uploadFile, Uploader } from '../../services/attachments';

interface Item {
  key: string;
  path: string;
  /** The attachment id once uploaded. */
  id: number | null;
  failed: boolean;
}

let seq = 0;

/**
 * Picks up to `max` photos and uploads each at once, as the worker or the staff member (`as`).
 * Fires `change` with the uploaded ids, and whether any upload is still under way.
 */
Component({
  properties: {
    max: { type: Number, value: 9 },
    as: { type: String, value: 'worker' },
  },
  data: {
    items: [] as Item[],
  },
  methods: {
    choose() {
      const room = this.data.max - this.data.items.length;
      if (room <= 0) return;
      wx.chooseMedia({
        count: room,
        mediaType: ['image'],
        sizeType: ['compressed'],
        success: (res) => res.tempFiles.forEach((f) => this.upload(f.tempFilePath)),
      });
    },

    async upload(path: string) {
      const key = `p${++seq}`;
      this.setData({ items: [...this.data.items, { key, path, id: null, failed: false }] });
      this.changed();
      try {
        const { id } = await uploadFile(path, this.data.as as Uploader);
        this.update(key, { id });
      } catch (err) {
        this.update(key, { failed: true });
        wx.showToast({ title: (err as Error).message, icon: 'none' });
      }
    },

    remove(e: WechatMiniprogram.BaseEvent) {
      this.setData({ items: this.data.items.filter((i) => i.key !== e.currentTarget.dataset.key) });
      this.changed();
    },

    update(key: string, patch: Partial<Item>) {
      this.setData({ items: this.data.items.map((i) => (i.key === key ? { ...i, ...patch } : i)) });
      this.changed();
    },

    changed() {
      const { items } = this.data;
      this.triggerEvent('change', {
        ids: items.filter((i) => i.id !== null).map((i) => i.id),
        uploading: items.some((i) => i.id === null && !i.failed),
      });
    },
  },
});
