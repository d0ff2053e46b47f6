import type { Attachment } from '../../services/attachments';
import { ApiError } from '../../services/http';
import { OrderDetail, orderDetail, OrderEvent, orderFiles, takeAction, Unit, unitsBelow } from '../../services/orders';
import { staffSession } from '../../services/session';
import { formatDeadline } from '../../utils/format';
import { ACTION_LABELS } from '../../utils/status';

/** Actions sent at the tap; the others open a short form first. */
const AT_ONCE = ['sign', 'approve'];

interface ActionForm {
  reason: string;
  note: string;
  result: string;
  amount: string;
  unitIndex: number;
}

const EMPTY_FORM: ActionForm = { reason: '', note: '', result: '', amount: '', unitIndex: -1 };

/** A staff timeline row in one line: who did what, to whom, and why. */
const stepOf = (e: OrderEvent) => ({
  at: e.at,
  text: `${e.unit?.name ?? ''}${e.actionLabel}${e.targetUnit ? `至${e.targetUnit.name}` : ''}${e.note ? `：${e.note}` : ''}`,
});

/**
 * One order at the staff member's unit. The buttons are the server's `allowedActions` (the ones
 * the mini-program offers): sign, return with a reason, hand down to a unit below, report a
 * result with photos, and review. The worker appears only as the server shows them to this unit.
 */
Component({
  data: {
    id: 0,
    order: null as OrderDetail | null,
    due: null as { text: string; overdue: boolean } | null,
    steps: [] as Array<{ at: string; text: string }>,
    files: [] as Attachment[],
    pending: '',
    pendingLabel: '',
    form: { ...EMPTY_FORM },
    units: [] as Unit[],
    photoIds: [] as number[],
    photosUploading: false,
    busy: false,
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: Number(query.id) });
      return this.load();
    },

    async load() {
      try {
        const [order, files] = await Promise.all([orderDetail(this.data.id), orderFiles(this.data.id)]);
        this.show(order, files);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return wx.redirectTo({ url: '/staff/bind/bind' });
        this.setData({ error: (err as Error).message });
      }
    },

    show(order: OrderDetail, files: Attachment[]) {
      this.setData({ order, files, due: formatDeadline(order.deadlines.nextDueAt), steps: order.timeline.map(stepOf) });
    },

    async onAction(e: WechatMiniprogram.CustomEvent<{ action: string }>) {
      const { action } = e.detail;
      if (AT_ONCE.includes(action)) return this.send(action, {});
      this.setData({ pending: action, pendingLabel: ACTION_LABELS[action], form: { ...EMPTY_FORM }, photoIds: [], error: '' });
      const session = staffSession();
      if (action === 'dispatch' && session && !this.data.units.length) this.setData({ units: await unitsBelow(session.user.unit.id) });
    },

    onInput(e: WechatMiniprogram.Input) {
      this.setData({ [`form.${e.currentTarget.dataset.field as string}`]: e.detail.value, error: '' });
    },

    onUnit(e: WechatMiniprogram.PickerChange) {
      this.setData({ 'form.unitIndex': Number(e.detail.value), error: '' });
    },

    onPhotos(e: WechatMiniprogram.CustomEvent<{ ids: number[]; uploading: boolean }>) {
      this.setData({ photoIds: e.detail.ids, photosUploading: e.detail.uploading });
    },

    cancel() {
      this.setData({ pending: '', error: '' });
    },

    submitForm() {
      const { pending, form, units, photoIds } = this.data;
      const reason = form.reason.trim();
      const result = form.result.trim();
      if ((pending === 'return' || pending === 'reject') && !reason) return this.setData({ error: '请填写原因' });
      if (pending === 'dispatch' && form.unitIndex < 0) return this.setData({ error: '请选择下派的单位' });
      if (pending === 'report' && !result) return this.setData({ error: '请填写办理结果' });
      if (pending === 'report' && this.data.photosUploading) return this.setData({ error: '照片还在上传，请稍候' });
      const fields: Record<string, Record<string, unknown>> = {
        return: { reason },
        reject: { reason },
        dispatch: { unitId: units[form.unitIndex]?.id, ...(form.note.trim() ? { note: form.note.trim() } : {}) },
        report: {
          result,
          ...(form.amount ? { recoveredAmount: Number(form.amount) } : {}),
          ...(photoIds.length ? { attachmentIds: photoIds } : {}),
        },
      };
      return this.send(pending, fields[pending]);
    },

    async send(action: string, fields: Record<string, unknown>) {
      const { order } = this.data;
      if (!order) return;
      this.setData({ busy: true, error: '' });
      try {
        const next = await takeAction(order.id, action, fields, order.version);
        this.show(next, await orderFiles(order.id));
        this.setData({ pending: '' });
        wx.showToast({ title: `已${ACTION_LABELS[action]}`, icon: 'success' });
      } catch (err) {
        this.setData({ error: (err as Error).message });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
