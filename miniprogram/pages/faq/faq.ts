import { Article, commonQuestions } from '../../services/knowledge';

/** The knowledge base's published answers, searchable; tap a question to read its answer. */
Component({
  data: {
    q: '',
    items: [] as Article[],
    open: 0,
    loaded: false,
    failed: '',
  },
  methods: {
    onLoad() {
      return this.load();
    },

    onInput(e: WechatMiniprogram.Input) {
      this.setData({ q: e.detail.value });
    },

    search() {
      return this.load();
    },

    async load() {
      try {
        const { items } = await commonQuestions(this.data.q.trim() || undefined);
        this.setData({ items, open: 0, loaded: true, failed: '' });
      } catch (err) {
        this.setData({ loaded: true, failed: (err as Error).message });
      }
    },

    toggle(e: WechatMiniprogram.BaseEvent) {
      const id = Number(e.currentTarget.dataset.id);
      this.setData({ open: this.data.open === id ? 0 : id });
    },
  },
});
