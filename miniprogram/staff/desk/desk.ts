import { Desk, OrderSummary, staffDesk } from '../../services/desk';
import { ApiError } from '../../services/http';
import { unbindStaff } from '../../services/staff-binding';
import { formatDeadline } from '../../utils/format';

type Row = OrderSummary & { due: { text: string; overdue: boolean } | null };

const GROUPS: Array<{ key: keyof Omit<Desk, 'unit'>; title: string }> = [
  { key: 'toSign', title: '待签收' },
  { key: 'toHandle', title: '待办理' },
  { key: 'toReview', title: '待审核' },
];

/** What waits at the staff member's unit, each with its deadline, most pressing first. */
Component({
  data: {
    unitName: '',
    groups: [] as Array<{ key: string; title: string; items: Row[] }>,
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
        const desk = await staffDesk();
        const now = new Date();
        this.setData({
          unitName: desk.unit.name,
          groups: GROUPS.map(({ key, title }) => ({
            key, title, items: desk[key].map((o) => ({ ...o, due: formatDeadline(o.deadlines.nextDueAt, now) })),
          })),
          loaded: true,
          failed: '',
        });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return wx.redirectTo({ url: '/staff/bind/bind' });
        this.setData({ loaded: true, failed: (err as Error).message });
      }
    },

    open(e: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({ url: `/staff/order/order?id=${e.currentTarget.dataset.id}` });
    },

    async unbind() {
      try {
        await unbindStaff();
        wx.reLaunch({ url: '/pages/index/index' });
      } catch (err) {
        wx.showToast({ title: (err as Error).message, icon: 'none' });
      }
    },
  },
});
