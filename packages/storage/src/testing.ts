export { startLocalS3, type LocalS3 } from './local-s3';
