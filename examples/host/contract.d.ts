/** The interface every `my-plugins` plugin implements. */
export interface MyPlugin {
  doSomething(): void;
}
