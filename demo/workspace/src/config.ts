// Demo configuration. The AWS key below is AWS's documented example, not a real key:
// try "Lore: Share Snippet as Knowledge" on these lines and watch Lore mask it.
export const config = {
  region: 'eu-west-1',
  awsAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  bucket: 'team-uploads',
  retries: 3,
};
