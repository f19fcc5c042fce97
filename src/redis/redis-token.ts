/** The injection token of the shared general-purpose Redis connection (RedisModule). */
export const REDIS = Symbol('REDIS');
