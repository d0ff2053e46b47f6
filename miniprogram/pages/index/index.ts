import { staffSession, workerSession } from '../../services/session';

/** Home: what a worker can do, and the way in for union staff. */
Component({
  data: {
    /** Who the staff entry opens the desk for; empty until bound. */
    staffName: '',
    offline: false,
  },
  methods: {
    async onShow() {
      const bound = staffSession();
      try {
        const session = await workerSession();
        this.setData({ offline: false, staffName: bound?.user.displayName ?? session.staff?.displayName ?? '' });
      } catch {
        this.setData({ offline: true, staffName: bound?.user.displayName ?? '' });
      }
    },

    go(e: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url as string });
    },

    openStaff() {
      wx.navigateTo({ url: staffSession() ? '/staff/desk/desk' : '/staff/bind/bind' });
    },
  },
});
