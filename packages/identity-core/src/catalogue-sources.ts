/**
 * The public sources the identity-header catalogue cites, written once. "Observed in" marks a
 * field measurement (headers seen arriving at a server), as opposed to vendor documentation.
 */
export const SOURCES = Object.freeze({
  adobe:
    'Adobe Analytics documentation, "Identify mobile devices" (subscriber ID headers: suffix table and examples)',
  accessNow:
    'Access Now, "The Rise of Mobile Tracking Headers" (Am I Being Tracked?, August 2015) and its tracking-header list',
  netalyzr:
    'Observed in: Vallina-Rodriguez, Sundaresan, Kreibich, Paxson, "Header Enrichment or ISP Enrichment?", ACM HotMiddlebox 2015; ICSI Netalyzr blog "Does your operator leak your private data?" (2015)',
  mulliner:
    'Observed in: C. Mulliner, "Privacy Leaks in Mobile Phone Internet Access", ICIN 2010 (headers carrying the MSISDN, by operator)',
  jgc: 'Observed in: J. Graham-Cumming, "Mobile subscriber leakage in HTTP headers in the wild" (February 2012)',
  mobiforge: 'mobiForge developer blog, "Useful x-headers" (mobile operator and gateway headers)',
  eff: 'EFF, J. Hoffman-Andrews, "Verizon Injecting Perma-Cookies to Track Mobile Customers" (November 2014); FCC consent decree with Verizon Wireless (March 2016)',
  o2Leak:
    'Public reporting on the O2 UK number leak, January 2012 (The Guardian, BBC News); J. Graham-Cumming (February 2012)',
  openwave: 'Openwave (Phone.com) UP.Link / Mobile Access Gateway developer documentation (x-up-* headers)',
  sonera: 'TeliaSonera Finland, "MSISDN Enrichment" technical description for service providers (2013)',
  fortinet:
    'Fortinet FortiOS Carrier handbook, "Sender Address Identifier" (x-up-calling-line-id, in headers or cookies)',
  juniper: 'Juniper Networks, MobileNext Broadband Gateway "HTTP Header Enrichment Overview" (X-MSISDN)',
  ciscoStarOs:
    'Cisco StarOS (ASR 5000/5500) ACS x-header format: "insert <name> variable bearer msisdn-no-cc | 3gpp imsi | 3gpp imei | acr | subscriber-ip-address"',
  dialog:
    'Dialog Axiata (Sri Lanka) ideabiz API documentation, "Header Enrichment" (msisdn header, base64-encrypted)',
  docomo:
    'NTT docomo i-mode developer documentation (X-DCMGUID, sent for URLs carrying guid=ON); Japanese Wikipedia "契約者固有ID"',
  japanCarriers:
    'Japanese Wikipedia "契約者固有ID" (carrier subscriber IDs: au X-UP-SUBNO, SoftBank X-JPHONE-UID, EMOBILE X-EM-UID)',
  mobileDetect: 'Mobile-Detect (serbanghita/Mobile-Detect) list of mobile gateway request headers',
  mobileSubscriberGem:
    'Observed in: mobile_subscriber Ruby gem, known IMSI headers by operator (Claro Latin America)',
  kannel:
    'Kannel WAP/SMS gateway user guide: wapbox adds X-WAP-Network-Client-IP and, with RADIUS accounting, X-WAP-Network-Client-MSISDN',
  icap: 'IETF draft-stecher-icap-subid, "ICAP Extensions" (X-Client-IP, X-Subscriber-ID, X-Authenticated-User), sent by Squid, Blue Coat and other ICAP clients; Palo Alto Networks Enterprise DLP ICAP field reference',
  integrationCode:
    'Observed in: public carrier-billing and header-enrichment integration code (GitHub) that reads this header for the MSISDN',
  rfc7239: 'RFC 7239, "Forwarded HTTP Extension" (IETF, 2014)',
  mdnXff: 'MDN Web Docs, "X-Forwarded-For" (de facto standard proxy header)',
  nginx: 'nginx documentation, ngx_http_realip_module (real_ip_header X-Real-IP)',
  cloudflare: 'Cloudflare documentation, "HTTP request headers" (CF-Connecting-IP, True-Client-IP)',
  akamai: 'Akamai documentation, True-Client-IP header',
  fastly: 'Fastly documentation, Fastly-Client-IP request header',
  azure:
    'Microsoft Azure Front Door documentation, "Protocol support for HTTP headers" (X-Azure-ClientIP, X-Azure-SocketIP)',
  appEngine: 'Google App Engine documentation, request headers (X-AppEngine-User-IP)',
  envoy: 'Envoy proxy documentation, "HTTP header manipulation" (x-envoy-external-address)',
  cdnPlatforms:
    'Platform documentation: AWS CloudFront (CloudFront-Viewer-Address), Vercel (x-vercel-forwarded-for), Fly.io (Fly-Client-IP), Netlify (x-nf-client-connection-ip), Cloudflare (Cf-Pseudo-IPv4), Kubernetes ingress-nginx (X-Original-Forwarded-For)',
  weblogic: 'Oracle WebLogic Server proxy plug-in documentation (WL-Proxy-Client-IP)',
});
