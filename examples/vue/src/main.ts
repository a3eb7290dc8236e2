import { createApp } from 'vue';
import 'sse-kit'; // registers <sse-feed>, <sse-status> and <sse-source>
import App from './App.vue';

createApp(App).mount('#app');
