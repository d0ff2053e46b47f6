import { statusLabel, statusTone } from '../../utils/status';

/** A status as a coloured tag, worded by the one status map. */
Component({
  properties: {
    status: { type: String, value: '' },
  },
  data: { label: '', tone: 'waiting' },
  observers: {
    status(status: string) {
      this.setData({ label: statusLabel(status), tone: statusTone(status) });
    },
  },
});
