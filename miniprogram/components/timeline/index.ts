import { formatTime } from '../../utils/format';

/** An order's progress as the server words it, oldest first; the latest step stands out. */
Component({
  properties: {
    /** [{ at, text }] from the server. */
    items: { type: Array, value: [] },
  },
  data: {
    steps: [] as Array<{ key: string; text: string; time: string }>,
  },
  observers: {
    items(items: Array<{ at: string; text: string }>) {
      this.setData({ steps: items.map((s, i) => ({ key: String(i), text: s.text, time: formatTime(s.at) })) });
    },
  },
});
