import { bindStaff } from '../../services/staff-binding';
import { workerSession } from '../../services/session';

/** Union staff bind their account to this WeChat user with their password, then go to their desk. */
Component({
  data: {
    username: '',
    password: '',
    error: '',
    busy: false,
  },
  methods: {
    async onLoad() {
      // A WeChat user bound before gets their username filled in.
      const bound = await workerSession().then((s) => s.staff, () => null);
      if (bound) this.setData({ username: bound.username });
    },

    onInput(e: WechatMiniprogram.Input) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value, error: '' });
    },

    async bind() {
      const username = this.data.username.trim();
      if (!username || !this.data.password) return this.setData({ error: '请输入用户名和密码' });
      this.setData({ busy: true });
      try {
        await bindStaff(username, this.data.password);
        wx.redirectTo({ url: '/staff/desk/desk' });
      } catch (err) {
        this.setData({ error: (err as Error).message, password: '' });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
