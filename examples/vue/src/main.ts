import { createApp } from 'vue';
// Registers <mfa-enroll>, <mfa-challenge>, <mfa-recovery-codes> and types them for templates.
import 'mfa-elements/vue';
import App from './App.vue';

createApp(App).mount('#app');
