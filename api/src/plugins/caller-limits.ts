// Apart from the rate-limit plugin, so that reading the configuration (the cluster supervisor does) loads no API.
/** Requests per minute one caller may make on authenticated routes; 0 switches a limit off. */
export interface CallerLimits {
  /** Per person (token subject). */
  userPerMinute: number;
  /** Per API client: integrations such as an e-learning player speak for many people at once. */
  clientPerMinute: number;
}

export const defaultCallerLimits: CallerLimits = { userPerMinute: 600, clientPerMinute: 6000 };
