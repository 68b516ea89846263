// The API's limits, from the Rust side (constants exported into the generated bindings).
export { MAX_PROMPT_CHARS } from "./bindings";
