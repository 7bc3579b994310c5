/** App entry: registers the app instance that pages reach with getApp<IAppOption>(). */

App<IAppOption>({
  globalData: {},
});
