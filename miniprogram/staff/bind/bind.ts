import { ApiError } from '../../services/http';
import { bindStaff } from '../../services/staff-binding';
import { workerSession } from '../../services/session';

/** Union staff bind their account to this WeChat user with their password, then go to their desk. */
Component({
  data: {
    username: '',
    password: '',
    /** Shown once the server answers `totp_required`: the account has a second factor. */
    askCode: false,
    totpCode: '',
    /** The server's words on what it needs next. */
    hint: '',
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
      this.setData({ busy: true, hint: '' });
      try {
        await bindStaff(username, this.data.password, this.data.askCode ? this.data.totpCode.trim() : undefined);
        wx.redirectTo({ url: '/staff/desk/desk' });
      } catch (err) {
        const code = err instanceof ApiError ? err.code : '';
        if (code === 'totp_required') this.setData({ askCode: true, hint: (err as Error).message });
        // A wrong code keeps the password, which was right; anything else asks for it again.
        else if (code === 'totp_invalid') this.setData({ error: (err as Error).message, totpCode: '' });
        else this.setData({ error: (err as Error).message, password: '', totpCode: '' });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
