/** Dialer page: type a number and call it. */

Component({
  data: {},
  methods: {},
});
