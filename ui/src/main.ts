import { mount } from "svelte";
import "@fontsource/atkinson-hyperlegible/400.css";
import "@fontsource/atkinson-hyperlegible/700.css";
import "@fontsource/atkinson-hyperlegible/400-italic.css";
import "./styles.css";
import App from "./App.svelte";

const target = document.getElementById("app");
if (target) mount(App, { target });
