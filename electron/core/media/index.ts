// Images: what the app accepts (inspect), what it sends (clean) and what the screen is shown (previews).
export { inspectImage, sharpInputOptions, type ImageRefusal, type ImageRefusalCode, type InspectedImage, type InspectResult } from './inspect';
export { cleanImage, describeMetadata, previewDataUrl, sha256Hex, type CleanedImage, type PreviewSize } from './clean';
export { sniffImageType, normaliseMime } from './sniff';
export { createMediaService, type AddedImage, type MediaService } from './media-service';
export { imageChannelOf, outboundImages, type OutboundImages } from './outbound';
