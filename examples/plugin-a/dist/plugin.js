/** @type {import('../../host/contract').MyPlugin} */
export const plugin = {
  doSomething() {
    console.log('Plugin A is doing something');
  },
};
