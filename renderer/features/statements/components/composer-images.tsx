// The statement's images in the composer: pick files or drop them, type alt text for each (needed
// to submit), reorder, remove. What cleaning removed from a photo (its GPS location, the camera) is
// said once it is added. Previews are the core's re-encoded data: URLs; nothing is loaded remotely.
import { useState, type DragEvent } from 'react';
import { altTextProblems, formatBytes, maxAltTextLength, maxImagesPerStatement } from '../../../../electron/shared/image-limits';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { ImageThumb } from '../../../components/image-thumb';
import { errorMessage } from '../../../lib/call';
import { useAddImages } from '../api/add-image';
import { useComposerActions, type ComposerImage } from '../state/composer-store';

function ImageEditor({ image, index, count }: { readonly image: ComposerImage; readonly index: number; readonly count: number }) {
  const { imageAltEdited, imageMoved, imageRemoved } = useComposerActions();
  const altId = `composer-image-alt-${index}`;
  const missing = image.alt.trim() === '';
  return (
    <li className="composer-image" data-testid={`composer-image-${index}`}>
      <ImageThumb sha256={image.sha256} alt={image.alt} />
      <div className="composer-image__fields">
        <label htmlFor={altId}>
          Alt text for image {index + 1} (required to submit)
        </label>
        <textarea
          id={altId}
          rows={2}
          maxLength={maxAltTextLength}
          value={image.alt}
          aria-invalid={missing}
          onChange={(e) => imageAltEdited(index, e.target.value)}
          data-testid={`composer-image-alt-${index}`}
        />
        <p className="composer-image__facts">
          {image.mime.replace('image/', '').toUpperCase()} · {image.width}×{image.height} · {formatBytes(image.bytes)}
          {image.removed.length > 0 ? ` · removed: ${image.removed.join(', ')}` : ''}
        </p>
        <div className="form__actions">
          <button type="button" className="button button--small" onClick={() => imageMoved(index, -1)} disabled={index === 0} aria-label={`Move image ${index + 1} earlier`}>
            Earlier
          </button>
          <button type="button" className="button button--small" onClick={() => imageMoved(index, 1)} disabled={index === count - 1} aria-label={`Move image ${index + 1} later`}>
            Later
          </button>
          <button type="button" className="button button--small" onClick={() => imageRemoved(index)} data-testid={`composer-image-remove-${index}`}>
            Remove image {index + 1}
          </button>
        </div>
      </div>
    </li>
  );
}

export function ComposerImages({ images, editable }: { readonly images: readonly ComposerImage[]; readonly editable: boolean }) {
  const add = useAddImages();
  const [dragging, setDragging] = useState(false);
  const addFiles = (files: FileList | null) => {
    if (files && files.length > 0) add.mutate([...files]);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    if (editable) addFiles(e.dataTransfer.files);
  };
  const added = images.at(-1);
  return (
    <fieldset className="fieldset composer-images" data-testid="composer-images">
      <legend>Images ({images.length} of {maxImagesPerStatement})</legend>
      <div
        className={`drop-zone${dragging ? ' drop-zone--over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="composer-image-drop"
      >
        <label className="button button--small">
          Add images (PNG, JPEG, WebP)
          <input
            type="file"
            accept="image/png,image/jpeg,image/webp"
            multiple
            className="visually-hidden"
            disabled={!editable || add.isPending || images.length >= maxImagesPerStatement}
            onChange={(e) => {
              addFiles(e.target.files);
              e.target.value = '';
            }}
            data-testid="composer-image-input"
          />
        </label>{' '}
        or drop them here. Location and camera details are removed before anything is stored.
      </div>
      {add.isPending ? <StatusNotice>Checking and cleaning the image…</StatusNotice> : null}
      <ErrorNotice testId="composer-image-error">{add.isError ? errorMessage(add.error) : null}</ErrorNotice>
      {add.isSuccess && added && added.removed.length > 0 ? (
        <StatusNotice testId="composer-image-cleaned">Removed from the last image added: {added.removed.join(', ')}.</StatusNotice>
      ) : null}
      <ol className="composer-images__list">
        {images.map((image, i) => (
          <ImageEditor key={image.sha256} image={image} index={i} count={images.length} />
        ))}
      </ol>
      {altTextProblems(images).length > 0 ? <p className="field__hint">{altTextProblems(images).join(' ')}</p> : null}
    </fieldset>
  );
}

/** The images as one channel will carry them, with what that channel would refuse. */
export function ChannelImages({ images, problems, channel }: { readonly images: readonly ComposerImage[]; readonly problems: readonly string[]; readonly channel: string }) {
  if (images.length === 0) return null;
  return (
    <div className="channel-images" data-testid={`preview-images-${channel.toLowerCase()}`}>
      <div className="channel-images__strip">
        {images.map((image) => (
          <ImageThumb key={image.sha256} sha256={image.sha256} alt={image.alt} small />
        ))}
      </div>
      {problems.length > 0 ? <ErrorNotice>{problems.join(' ')}</ErrorNotice> : null}
    </div>
  );
}
