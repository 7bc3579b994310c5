/** Contact edit page: add or change one contact. */

Component({
  data: {},
  methods: {},
});
