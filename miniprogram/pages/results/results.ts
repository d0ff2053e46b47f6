import { PublishedResult, publishedResults } from '../../services/results';
import { formatTime } from '../../utils/format';

/** 结果公示: closed orders the centre chose to publish, already desensitised by the server. */
Component({
  data: {
    items: [] as Array<PublishedResult & { time: string }>,
    page: 0,
    total: 0,
    loaded: false,
    failed: '',
  },
  methods: {
    onLoad() {
      return this.more();
    },

    onReachBottom() {
      return this.data.items.length < this.data.total ? this.more() : undefined;
    },

    async more() {
      try {
        const page = this.data.page + 1;
        const { items, total } = await publishedResults(page);
        this.setData({
          items: [...this.data.items, ...items.map((r) => ({ ...r, time: formatTime(r.publishedAt).slice(0, 10) }))],
          page, total, loaded: true, failed: '',
        });
      } catch (err) {
        this.setData({ loaded: true, failed: (err as Error).message });
      }
    },
  },
});
