import { submitAppeal } from '../../../services/appeals';
import { uploadFile } from '../../../services/attachments';
import { ApiError } from '../../../services/http';
import { Region, regionsUnder } from '../../../services/regions';
import { workerSession } from '../../../services/session';
import { formErrorsOf, FormErrors, validateAppeal } from '../../../utils/validate';

type Level = 'city' | 'district' | 'town';
const LEVELS: Level[] = ['city', 'district', 'town'];

/** One id per filled-in form: pressing submit twice, or a retry after a lost answer, is one appeal. */
const newRequestId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** Subscribing is the worker's choice: a refusal or a failure never stops the appeal. */
const askSubscription = (templateId: string) =>
  new Promise<void>((resolve) => wx.requestSubscribeMessage({ tmplIds: [templateId], success: () => resolve(), fail: () => resolve() }));

/**
 * The appeal form: what happened, where (the union regions, city → district → town), the
 * employer, a callback phone, photos, a voice note, and the anonymous switch. Submitting asks
 * for progress messages first, as WeChat only allows from the tap itself.
 */
Component({
  data: {
    form: { text: '', employer: '', phone: '', anonymous: false },
    options: { city: [] as Region[], district: [] as Region[], town: [] as Region[] },
    picked: { city: -1, district: -1, town: -1 },
    regionCode: '',
    regionName: '',
    photoIds: [] as number[],
    photosUploading: false,
    voice: { state: 'none' as 'none' | 'recording' | 'uploading' | 'done', id: 0 },
    errors: {} as FormErrors,
    submitting: false,
    requestId: '',
    subscribeTemplateId: '',
  },
  methods: {
    async onLoad() {
      this.setData({ requestId: newRequestId() });
      // The recorder is one per app: listen once, not at every recording.
      wx.getRecorderManager().onStop((res) => this.voiceRecorded(res.tempFilePath));
      try {
        const [session, cities] = await Promise.all([workerSession(), regionsUnder()]);
        this.setData({
          'form.phone': session.worker.phone ?? '',
          'options.city': cities,
          subscribeTemplateId: session.subscribeTemplateId ?? '',
        });
      } catch (err) {
        wx.showToast({ title: (err as Error).message, icon: 'none' });
      }
    },

    onInput(e: WechatMiniprogram.Input) {
      this.setData({ [`form.${e.currentTarget.dataset.field as string}`]: e.detail.value });
    },

    onAnonymous(e: WechatMiniprogram.SwitchChange) {
      this.setData({ 'form.anonymous': e.detail.value });
    },

    /** A pick at one level clears the levels below and lists the next one. */
    async onPick(e: WechatMiniprogram.PickerChange) {
      const level = e.currentTarget.dataset.level as Level;
      const depth = LEVELS.indexOf(level);
      const region = this.data.options[level][Number(e.detail.value)];
      const picked = { ...this.data.picked, [level]: Number(e.detail.value) };
      const options = { ...this.data.options };
      for (const below of LEVELS.slice(depth + 1)) {
        picked[below] = -1;
        options[below] = [];
      }
      const names = LEVELS.slice(0, depth + 1).map((l) => options[l][picked[l]]?.name ?? '');
      this.setData({ picked, options, regionCode: region.code, regionName: names.join(''), 'errors.regionCode': '' });
      if (region.hasChildren && depth < LEVELS.length - 1) {
        this.setData({ [`options.${LEVELS[depth + 1]}`]: await regionsUnder(region.code) });
      }
    },

    onPhotos(e: WechatMiniprogram.CustomEvent<{ ids: number[]; uploading: boolean }>) {
      this.setData({ photoIds: e.detail.ids, photosUploading: e.detail.uploading });
    },

    startVoice() {
      wx.getRecorderManager().start({ format: 'mp3', duration: 60_000 });
      this.setData({ 'voice.state': 'recording' });
    },

    stopVoice() {
      wx.getRecorderManager().stop();
    },

    async voiceRecorded(path: string) {
      this.setData({ 'voice.state': 'uploading' });
      try {
        const { id } = await uploadFile(path, 'worker');
        this.setData({ voice: { state: 'done', id } });
      } catch (err) {
        this.setData({ voice: { state: 'none', id: 0 } });
        wx.showToast({ title: (err as Error).message, icon: 'none' });
      }
    },

    removeVoice() {
      this.setData({ voice: { state: 'none', id: 0 } });
    },

    async submit() {
      const { form, regionCode, photoIds, voice, subscribeTemplateId } = this.data;
      const errors = validateAppeal({ ...form, regionCode });
      this.setData({ errors });
      if (Object.keys(errors).length || this.data.submitting) return;
      if (this.data.photosUploading || voice.state === 'uploading') {
        wx.showToast({ title: '照片或语音还在上传，请稍候', icon: 'none' });
        return;
      }
      // Asked before anything is awaited: WeChat only shows the dialog from the tap itself.
      const asked = subscribeTemplateId ? askSubscription(subscribeTemplateId) : Promise.resolve();
      this.setData({ submitting: true });
      try {
        await asked;
        const appeal = await submitAppeal({
          requestId: this.data.requestId,
          text: form.text.trim(),
          employer: form.employer.trim() || undefined,
          regionCode,
          phone: form.phone.trim(),
          anonymous: form.anonymous,
          photoIds,
          voiceId: voice.state === 'done' ? voice.id : undefined,
        });
        wx.redirectTo({ url: `/pages/appeal/detail/detail?id=${appeal.id}` });
      } catch (err) {
        if (err instanceof ApiError) this.setData({ errors: formErrorsOf(err.details) });
        wx.showToast({ title: (err as Error).message, icon: 'none' });
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
