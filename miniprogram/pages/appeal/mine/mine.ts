import { AppealSummary, myAppeals } from '../../../services/appeals';
import { formatTime } from '../../../utils/format';

/** The worker's appeals, newest first. */
Component({
  data: {
    items: [] as Array<AppealSummary & { time: string }>,
    loaded: false,
    failed: '',
  },
  methods: {
    onShow() {
      return this.load();
    },

    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },

    async load() {
      try {
        const { items } = await myAppeals();
        this.setData({ items: items.map((a) => ({ ...a, time: formatTime(a.submittedAt) })), loaded: true, failed: '' });
      } catch (err) {
        this.setData({ loaded: true, failed: (err as Error).message });
      }
    },

    open(e: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({ url: `/pages/appeal/detail/detail?id=${e.currentTarget.dataset.id}` });
    },

    submitNew() {
      wx.navigateTo({ url: '/pages/appeal/submit/submit' });
    },
  },
});
