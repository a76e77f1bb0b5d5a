// Web-platform globals the headless core may use: present in Node 20+ and every browser,
// but absent from the ES2022 lib that keeps the DOM out of src/sim.
declare function structuredClone<T>(value: T): T;
