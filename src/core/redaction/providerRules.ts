import type { SecretKind } from './finding';
import { isSeparatedWords, wordCoverage } from './entropy';

/**
 * Documented key formats of common providers (as published by the providers and collected by
 * secret scanners such as gitleaks and GitHub secret scanning). Each rule names the literal
 * prefixes its tokens start with and the documented shape, matched at the token's start; the
 * finding then covers the whole token (see tokenRules.ts). Only formats with a distinctive
 * prefix are here: a bare 32-character hex key looks like any digest and is found only when it is
 * assigned to a secret-sounding name.
 */
export interface TokenRule {
  kind: SecretKind;
  /** Overrides the kind's label: "SendGrid API key". */
  label?: string;
  /** Literal, case-sensitive starts of the token; empty when `infix` finds it. */
  prefixes: readonly string[];
  /** For tokens without a fixed start: a literal found inside them and how far into the token it sits. */
  infix?: { text: string; offset: number };
  /** The documented shape, sticky (`y`), matched where the token starts. */
  shape: RegExp;
  /** The body may contain `+`, `/`, `=` (base64). */
  base64?: boolean;
  /** Where the random part starts, for the filler check; default: after the prefix. */
  bodyFrom?: number;
  /** Extra test on the whole token. */
  check?: (token: string) => boolean;
}

/** Mixed letters and digits: generated, not an identifier such as `sk-button-primary-large-rounded`. */
function generated(token: string): boolean {
  return /[0-9]/.test(token) && /[A-Za-z]/.test(token) && !isSeparatedWords(token) && wordCoverage(token) < 0.6;
}

function rule(kind: SecretKind, label: string | undefined, prefixes: readonly string[], shape: RegExp, extra: Partial<TokenRule> = {}): TokenRule {
  return { kind, label, prefixes, shape, ...extra };
}

const api = (label: string, prefixes: readonly string[], shape: RegExp, extra: Partial<TokenRule> = {}): TokenRule =>
  rule('api-token', label, prefixes, shape, extra);

export const PROVIDER_RULES: readonly TokenRule[] = [
  rule('aws-access-key', undefined, ['AKIA', 'ASIA'], /(?:AKIA|ASIA)[A-Z0-9]{16}/y),
  rule('github-token', undefined, ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], /gh[pousr]_[A-Za-z0-9]{36}/y),
  rule('github-token', undefined, ['github_pat_'], /github_pat_[A-Za-z0-9_]{22,}/y),
  rule(
    'gitlab-token',
    undefined,
    ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glsoat-', 'glcbt-', 'glimt-', 'glagent-', 'gloas-', 'glffct-', 'GR1348941'],
    /(?:gl[a-z]{2,6}-|GR1348941)[A-Za-z0-9_-]{20,}/y,
  ),
  rule('slack-token', undefined, ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxr-', 'xoxs-', 'xoxe-', 'xoxe.xox', 'xapp-'], /(?:xox[abposre](?:\.xox[bp])?|xapp)-[A-Za-z0-9-]{10,}/y, {
    check: (t) => /[0-9]/.test(t),
  }),
  rule('stripe-key', undefined, ['sk_live_', 'sk_test_', 'sk_prod_', 'rk_live_', 'rk_test_', 'rk_prod_'], /[sr]k_(?:live|test|prod)_[A-Za-z0-9]{10,}/y),
  rule('stripe-key', 'Stripe webhook secret', ['whsec_'], /whsec_[A-Za-z0-9+/_-]{24,}/y, { base64: true }),
  rule('google-api-key', undefined, ['AIza'], /AIza[0-9A-Za-z_-]{35}/y),
  api('Google OAuth client secret', ['GOCSPX-'], /GOCSPX-[A-Za-z0-9_-]{28}/y),
  api('Google OAuth access token', ['ya29.'], /ya29\.[0-9A-Za-z_-]{20,}/y),
  rule('npm-token', undefined, ['npm_'], /npm_[A-Za-z0-9]{36}/y),
  api('SendGrid API key', ['SG.'], /SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/y),
  api('Twilio API key', ['SK'], /SK[0-9a-fA-F]{32}/y, { check: (t) => /[a-fA-F]/.test(t.slice(2)) && /[0-9]/.test(t) }),
  api('Mailgun API key', ['key-'], /key-[0-9a-zA-Z]{32}/y, { check: generated }),
  api('PyPI upload token', ['pypi-AgE'], /pypi-AgE[A-Za-z0-9_-]{50,}/y),
  api('Anthropic API key', ['sk-ant-'], /sk-ant-[a-z]{3,6}[0-9]{2}-[A-Za-z0-9_-]{32,}/y),
  api('OpenAI API key', ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-None-'], /sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/y),
  api('OpenAI API key', ['sk-'], /sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}/y),
  api('Secret API key', ['sk-'], /sk-[A-Za-z0-9]{32,}/y, { check: generated }),
  api('Shopify access token', ['shpat_', 'shpca_', 'shppa_', 'shpss_'], /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}/y),
  api('DigitalOcean token', ['dop_v1_', 'doo_v1_', 'dor_v1_'], /do[por]_v1_[a-f0-9]{64}/y),
  api('Heroku API key', ['HRKU-'], /HRKU-[A-Za-z0-9_-]{30,}/y),
  api('Databricks token', ['dapi'], /dapi[a-f0-9]{32}/y),
  api('HashiCorp Vault token', ['hvs.', 'hvb.', 'hvr.'], /hv[sbr]\.[A-Za-z0-9_-]{24,}/y),
  api('Terraform Cloud token', [], /[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}/y, { infix: { text: '.atlasv1.', offset: 14 } }),
  api('Doppler token', ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'], /dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}/y),
  api('Postman API key', ['PMAK-'], /PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}/y),
  api('Linear API key', ['lin_api_'], /lin_api_[A-Za-z0-9]{40}/y),
  api('Linear OAuth token', ['lin_oauth_'], /lin_oauth_[a-f0-9]{64}/y),
  api('Hugging Face token', ['hf_'], /hf_[A-Za-z]{34}/y),
  api('Grafana token', ['glc_'], /glc_[A-Za-z0-9+/]{32,}/y, { base64: true }),
  api('Grafana service account token', ['glsa_'], /glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}/y),
  api('Sentry auth token', ['sntrys_'], /sntrys_eyJ[A-Za-z0-9+/=_-]{40,}/y, { base64: true }),
  api('Sentry auth token', ['sntryu_'], /sntryu_[a-f0-9]{64}/y),
  api('New Relic API key', ['NRAK-', 'NRII-', 'NRJS-'], /NR(?:AK|II|JS)-[A-Za-z0-9]{19,}/y, { check: generated }),
  api('Atlassian API token', ['ATATT3'], /ATATT3[A-Za-z0-9_=-]{60,}/y),
  api('Docker Hub token', ['dckr_pat_', 'dckr_oat_'], /dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}/y),
  api('Supabase token', ['sbp_'], /sbp_[a-f0-9]{40}/y),
  api('PlanetScale token', ['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'], /pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,}/y),
  api('age secret key', ['AGE-SECRET-KEY-1'], /AGE-SECRET-KEY-1[0-9A-Z]{58}/y),
  api('Square token', ['sq0atp-', 'sq0csp-'], /sq0(?:atp|csp)-[0-9A-Za-z_-]{22,}/y),
  api('Brevo API key', ['xkeysib-', 'xsmtpsib-'], /x(?:key|smtp)sib-[a-f0-9]{64}-[A-Za-z0-9]{16}/y),
  api('Mapbox secret token', ['sk.eyJ'], /sk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/y),
  api('Alibaba Cloud access key', ['LTAI'], /LTAI[A-Za-z0-9]{20}/y, { check: generated }),
  api('RubyGems API key', ['rubygems_'], /rubygems_[a-f0-9]{48}/y),
  api('NuGet API key', ['oy2'], /oy2[a-z0-9]{43}/y),
  api('Figma token', ['figd_'], /figd_[A-Za-z0-9_-]{40,}/y),
  api('Replicate API token', ['r8_'], /r8_[A-Za-z0-9]{37}/y),
  api('Groq API key', ['gsk_'], /gsk_[A-Za-z0-9]{52}/y),
  api('xAI API key', ['xai-'], /xai-[A-Za-z0-9]{80}/y),
  api('Perplexity API key', ['pplx-'], /pplx-[A-Za-z0-9]{48}/y),
  api('Notion token', ['ntn_'], /ntn_[A-Za-z0-9]{40,}/y),
  api('Notion token', ['secret_'], /secret_[A-Za-z0-9]{43}/y, { check: generated }),
  api('Netlify token', ['nfp_'], /nfp_[A-Za-z0-9]{36}/y),
  api('Fly.io token', ['fo1_', 'fm1', 'fm2_'], /(?:fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/=_-]{64,})/y, { base64: true }),
  api('Buildkite token', ['bkua_'], /bkua_[a-f0-9]{40}/y),
  api('Contentful token', ['CFPAT-'], /CFPAT-[A-Za-z0-9_-]{43}/y),
  api('Cloudflare origin CA key', ['v1.0-'], /v1\.0-[a-f0-9]{24}-[a-f0-9]{146}/y),
  api('Dynatrace token', ['dt0c01.'], /dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}/y),
  api('Pulumi token', ['pul-'], /pul-[a-f0-9]{40}/y),
  api('Shippo token', ['shippo_live_', 'shippo_test_'], /shippo_(?:live|test)_[a-f0-9]{40}/y),
  api('Typeform token', ['tfp_'], /tfp_[A-Za-z0-9_.=-]{59}/y),
  api('Airtable token', ['pat'], /pat[A-Za-z0-9]{14}\.[a-f0-9]{64}/y),
  api('Mailchimp API key', [], /[0-9a-f]{32}-us[0-9]{1,2}/y, { infix: { text: '-us', offset: 32 } }),
  api('Azure AD client secret', [], /[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}/y, { infix: { text: 'Q~', offset: 4 }, check: generated }),
  api('Vercel token', ['vercel_blob_rw_'], /vercel_blob_rw_[A-Za-z0-9]{16}_[A-Za-z0-9]{30}/y),
  api('Resend API key', ['re_'], /re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}/y, { check: generated }),
];
