import { mount } from 'svelte';
import 'sse-kit'; // registers <sse-feed>, <sse-status> and <sse-source>
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
