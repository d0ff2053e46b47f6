import { ApiError } from '../../services/http';
import { orderProgress, Progress } from '../../services/progress';

const NUMBER = /^GD-\d{8}-\d{6}$/;

/** Anyone may follow an order with its number and the last four digits of the phone on it; no login. */
Component({
  data: {
    number: '',
    phoneLast4: '',
    progress: null as Progress | null,
    error: '',
    busy: false,
  },
  methods: {
    onInput(e: WechatMiniprogram.Input) {
      const field = e.currentTarget.dataset.field as 'number' | 'phoneLast4';
      this.setData({ [field]: field === 'number' ? e.detail.value.trim().toUpperCase() : e.detail.value.trim() });
    },

    async search() {
      const { number, phoneLast4 } = this.data;
      if (!NUMBER.test(number)) return this.setData({ error: '工单号格式为 GD-年月日-6位序号，如 GD-20260302-000001', progress: null });
      if (!/^\d{4}$/.test(phoneLast4)) return this.setData({ error: '请输入联系电话的后 4 位', progress: null });
      this.setData({ busy: true, error: '' });
      try {
        this.setData({ progress: await orderProgress(number, phoneLast4) });
      } catch (err) {
        const notFound = err instanceof ApiError && err.status === 404;
        this.setData({ progress: null, error: notFound ? '没有找到该工单，请核对工单号和电话后 4 位' : (err as Error).message });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
