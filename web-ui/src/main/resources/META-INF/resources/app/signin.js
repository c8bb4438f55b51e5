import {api} from './api.js';
import {h, errorSlot} from './dom.js';

export function signInPage(context, signedIn) {
  const error = errorSlot();
  const name = h('input', {id: 'name', name: 'name', autocomplete: 'username', required: true});
  const password = h('input', {id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const form = h('form', {
    class: 'card narrow',
    onsubmit: async e => {
      e.preventDefault();
      error.set(null);
      try {
        await api('POST', 'session', {name: name.value, password: password.value});
        await signedIn();
      } catch (e) {
        error.set(e);
        password.select();
      }
    },
  },
  h('h1', {}, 'Sign in to Paddock'),
  h('label', {for: 'name'}, 'User name'), name,
  h('label', {for: 'password'}, 'Password'), password,
  error,
  h('button', {type: 'submit'}, 'Sign in'));
  return form;
}
