/** Call detail page: every field of one call. */

Component({
  data: {},
  methods: {},
});
