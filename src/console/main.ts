import 'element-plus/dist/index.css';
import './styles.css';
import { createApp } from 'vue';
import { whenEnrolmentRequired, whenSessionEnds } from './api';
import App from './App.vue';
import { router, sendToEnrolment } from './router';
import { endSession } from './session';

whenSessionEnds(() => {
  endSession();
  void router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath, ended: '1' } });
});

whenEnrolmentRequired(() => void sendToEnrolment());

createApp(App).use(router).mount('#app');
