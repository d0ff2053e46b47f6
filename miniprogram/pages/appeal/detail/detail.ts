import { Appeal, appealDetail, rateAppeal, rehandleAppeal } from '../../../services/appeals';
import { formatTime } from '../../../utils/format';

/** Ratings under this mean "not satisfied": the order is handled again (重办), as the server rules. */
const SATISFIED = 3;

/**
 * One appeal: where it stands, its plain-words timeline, the answer, the files; and, when the
 * server allows it (`revisit`), the worker's rating — satisfied closes it, unsatisfied asks for
 * re-handling with a reason.
 */
Component({
  data: {
    id: 0,
    appeal: null as (Appeal & { time: string }) | null,
    canRate: false,
    scales: [{ key: 'resultRating', name: '办理结果' }, { key: 'serviceRating', name: '服务态度' }],
    ratings: { resultRating: 0, serviceRating: 0 },
    comment: '',
    unsatisfied: false,
    ratingError: '',
    busy: false,
    failed: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: Number(query.id) });
      return this.load();
    },

    async load() {
      try {
        this.show(await appealDetail(this.data.id));
      } catch (err) {
        this.setData({ failed: (err as Error).message });
      }
    },

    show(appeal: Appeal) {
      this.setData({ appeal: { ...appeal, time: formatTime(appeal.submittedAt) }, canRate: appeal.allowedActions.includes('revisit'), failed: '' });
    },

    rate(e: WechatMiniprogram.BaseEvent) {
      const { scale, value } = e.currentTarget.dataset as { scale: 'resultRating' | 'serviceRating'; value: number };
      const ratings = { ...this.data.ratings, [scale]: Number(value) };
      const unsatisfied = [ratings.resultRating, ratings.serviceRating].some((r) => r > 0 && r < SATISFIED);
      this.setData({ ratings, unsatisfied, ratingError: '' });
    },

    onComment(e: WechatMiniprogram.Input) {
      this.setData({ comment: e.detail.value });
    },

    async submitRating() {
      const { ratings, unsatisfied, id } = this.data;
      const comment = this.data.comment.trim();
      if (!ratings.resultRating || !ratings.serviceRating) return this.setData({ ratingError: '请为办理结果和服务态度都打分' });
      if (unsatisfied && comment.length < 2) return this.setData({ ratingError: '请说明不满意的原因，我们会安排重新办理' });
      this.setData({ busy: true });
      try {
        const appeal = unsatisfied
          ? await rehandleAppeal(id, { ...ratings, reason: comment })
          : await rateAppeal(id, { ...ratings, ...(comment ? { comment } : {}) });
        this.show(appeal);
        wx.showToast({ title: unsatisfied ? '已申请重新办理' : '感谢您的评价', icon: 'none' });
      } catch (err) {
        this.setData({ ratingError: (err as Error).message });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
