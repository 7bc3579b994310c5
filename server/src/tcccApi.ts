/** TCCC's server API through the official SDK: login tokens and CDR queries, errors as one Chinese message. */

import { ccc } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ccc';
import TencentCloudSDKHttpException from 'tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception';
import type { ServerConfig } from './config';

export interface LoginToken {
  token: string;
  /** Unix seconds, as TCCC returns it. */
  expiredTime: number;
}

/** One TCCC CDR as DescribeTelCdr returns it; fields are read leniently by the CDR parser. */
export type TelCdr = Record<string, unknown>;

export interface TelCdrPage {
  totalCount: number;
  cdrs: TelCdr[];
}

export interface TcccApi {
  createLoginToken(seatUserId: string): Promise<LoginToken>;
  describeTelCdr(query: { startTs: number; endTs: number; pageNumber: number; pageSize: number }): Promise<TelCdrPage>;
  /**
   * A fresh recording link for one session (DescribeTelCdr by SessionIds: TCCC signs RecordURL on each answer, and
   * how long a link lives is unconfirmed, so it is fetched at playback, never stored). Null when TCCC has none.
   */
  recordingUrl(query: { sessionId: string; startTs: number; endTs: number }): Promise<string | null>;
}

/** A TCCC API failure: `message` is Chinese and safe to show; `code` is TCCC's error code. */
export class TcccError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'TcccError';
  }
}

const KNOWN_CODES: Record<string, string> = {
  'AuthFailure.SignatureFailure': '服务器的 TCCC 密钥无效',
  'AuthFailure.SecretIdNotFound': '服务器的 TCCC 密钥不存在',
  'AuthFailure.SignatureExpire': '服务器时钟不准，TCCC 拒绝了签名',
  'AuthFailure.UnauthorizedOperation': '服务器的 TCCC 密钥没有此操作权限',
  RequestLimitExceeded: 'TCCC 请求过于频繁，请稍后再试',
  'InvalidParameterValue.AccountNotExist': 'TCCC 中没有这个坐席账号',
  'FailedOperation.SeatStatusBusy': '坐席正忙',
  ResourceNotFound: 'TCCC 应用或坐席不存在',
  'InvalidParameter.InstanceNotExist': 'TCCC 应用不存在',
};

/** Turns anything the SDK throws into a TcccError; never copies request data (tokens, secrets) into the message. */
export function toTcccError(error: unknown, action: string): TcccError {
  if (error instanceof TencentCloudSDKHttpException) {
    const code = error.code ?? (error.httpCode !== undefined ? `HTTP${error.httpCode}` : 'Unknown');
    const known = KNOWN_CODES[code] ?? KNOWN_CODES[code.split('.')[0] ?? ''];
    return new TcccError(`${action}失败：${known ?? 'TCCC 返回错误'}（错误码 ${code}）`, code);
  }
  const code =
    error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'NetworkError';
  return new TcccError(`${action}失败：无法连接 TCCC（错误码 ${code}）`, code);
}

export function createTcccApi(config: ServerConfig): TcccApi {
  const client = new ccc.v20200210.Client({
    credential: { secretId: config.tcccSecretId, secretKey: config.tcccSecretKey },
    region: '',
    profile: {
      signMethod: 'TC3-HMAC-SHA256',
      httpProfile: { endpoint: config.tcccEndpoint, protocol: config.tcccProtocol, reqTimeout: 10 },
    },
  });
  const sdkAppId = Number(config.tcccSdkAppId);
  return {
    async createLoginToken(seatUserId) {
      try {
        const response = await client.CreateSDKLoginToken({
          SdkAppId: sdkAppId,
          SeatUserId: seatUserId,
          OnlyOnce: true,
        });
        if (typeof response.Token !== 'string' || typeof response.ExpiredTime !== 'number') {
          throw new TcccError(
            '获取 TCCC 登录凭证失败：TCCC 的回复缺少 Token（错误码 InvalidResponse）',
            'InvalidResponse',
          );
        }
        return { token: response.Token, expiredTime: response.ExpiredTime };
      } catch (error) {
        throw error instanceof TcccError ? error : toTcccError(error, '获取 TCCC 登录凭证');
      }
    },
    async describeTelCdr(query) {
      try {
        const response = await client.DescribeTelCdr({
          SdkAppId: sdkAppId,
          StartTimeStamp: query.startTs,
          EndTimeStamp: query.endTs,
          PageNumber: query.pageNumber,
          PageSize: query.pageSize,
        });
        const list = Array.isArray(response.TelCdrList) ? (response.TelCdrList as unknown as TelCdr[]) : [];
        return { totalCount: typeof response.TotalCount === 'number' ? response.TotalCount : list.length, cdrs: list };
      } catch (error) {
        throw toTcccError(error, '查询 TCCC 通话记录');
      }
    },
    async recordingUrl(query) {
      try {
        const response = await client.DescribeTelCdr({
          SdkAppId: sdkAppId,
          StartTimeStamp: query.startTs,
          EndTimeStamp: query.endTs,
          SessionIds: [query.sessionId],
          PageNumber: 0,
          PageSize: 1,
        });
        const [cdr] = Array.isArray(response.TelCdrList) ? response.TelCdrList : [];
        const url = cdr?.RecordURL;
        return typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
      } catch (error) {
        throw toTcccError(error, '获取录音');
      }
    },
  };
}
