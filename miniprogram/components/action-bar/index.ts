import { ACTION_LABELS } from '../../utils/status';

/**
 * The buttons for what the server allows now (`allowedActions`), among the actions the
 * mini-program offers; the client never works out the rules itself. A tap fires `action`.
 */
Component({
  properties: {
    actions: { type: Array, value: [] },
    busy: { type: Boolean, value: false },
  },
  data: {
    buttons: [] as Array<{ action: string; label: string }>,
  },
  observers: {
    actions(actions: string[]) {
      this.setData({ buttons: actions.filter((a) => a in ACTION_LABELS).map((action) => ({ action, label: ACTION_LABELS[action] })) });
    },
  },
  methods: {
    onTap(e: WechatMiniprogram.BaseEvent) {
      if (!this.data.busy) this.triggerEvent('action', { action: e.currentTarget.dataset.action as string });
    },
  },
});
