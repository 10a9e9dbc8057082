import './no-eval.js';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';
import { useTheme } from './stores/theme.js';
import './styles/base.css';

const app = createApp(App);
app.use(createPinia());
app.use(router);
useTheme().apply();
app.mount('#app');
