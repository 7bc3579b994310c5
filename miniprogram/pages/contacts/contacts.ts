/** Contacts page: the agent's contact list. */

Component({
  data: {},
  methods: {},
});
