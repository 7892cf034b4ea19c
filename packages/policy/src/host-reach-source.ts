/**
 * How many distinct subscribers a day reached each host lately — what `policy diff` shows next
 * to every destination a change touches. The disclosure ledger implements it; `policy diff`
 * runs without one and says so.
 */
export interface HostReachSource {
  /**
   * Average distinct subscribers per day over the last `days` days, per host as given (a
   * wildcard host `*.partner.com` means the domain's subdomains). Hosts never seen map to 0.
   */
  distinctSubscribersPerDay(hosts: string[], days: number): Promise<Map<string, number>>;
}
