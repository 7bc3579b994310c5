/** The app's own global types. wx typings come from miniprogram-api-typings. */

interface IAppOption {
  globalData: Record<string, never>;
}

/**
 * A vant component event whose detail is a plain value (van-field's change gives the string).
 * WechatMiniprogram.CustomEvent only allows object details, so this is the same event with a wider detail.
 */
type VantEvent<
  Detail,
  Dataset extends WechatMiniprogram.IAnyObject = WechatMiniprogram.IAnyObject,
> = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, Dataset> & { detail: Detail };
