/** History page: the calls made from this phone. */

Component({
  data: {},
  methods: {},
});
