import 'element-plus/dist/index.css';
import './styles.css';
import { createApp } from 'vue';
import { whenEnrolmentRequired, whenSessionEnds } from './api';
import App from './App.vue';
import { router } from './router';
import { endSession, totpEnrolmentRequired } from './session';

whenSessionEnds(() => {
  endSession();
  void router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath, ended: '1' } });
});

whenEnrolmentRequired(() => {
  totpEnrolmentRequired.value = true;
  void router.push({ name: 'totp' });
});

createApp(App).use(router).mount('#app');
