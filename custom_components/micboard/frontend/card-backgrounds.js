/*
 * Background photos on the tiles (docs/dashboard-card.md#background-photos):
 * each wanted photo is resolved once (a media-source id through Home
 * Assistant, then loaded in an Image); a photo that does not load leaves
 * its tile as it was. `g` hides and shows them.
 */

import { isMediaSource, wantedPhoto } from "./backgrounds.js";
import { slotValues } from "./groups.js";

/** The background photo methods of MicboardCard. */
export const withBackgrounds = (Base) =>
  class extends Base {
    /** Give every tile the photo it wants (after a rebuild or a toggle). */
    _applyPhotos() {
      const images = slotValues(this._groups, this._groupId, "images");
      for (const [key, tile] of this._tiles) this._photoFor(key, tile, images);
    }

    /** One tile's photo (its name may have changed). */
    _photoFor(key, tile, images = slotValues(this._groups, this._groupId, "images")) {
      const folder = this._config ? this._config.backgrounds : "";
      const url = this._photosOff ? "" : wantedPhoto(folder, images.get(key), this._board.devices.get(key), tile.extendedName);
      tile.photoUrl = url;
      const known = url ? this._photos.get(url) : null;
      tile.setPhoto(known && known.state === "ok" ? known.src : "");
      if (url && !known) this._loadPhoto(url);
    }

    _loadPhoto(url) {
      const entry = { state: "pending", src: "" };
      this._photos.set(url, entry);
      const hass = this._hass;
      Promise.resolve()
        .then(() =>
          isMediaSource(url)
            ? hass.callWS({ type: "media_source/resolve_media", media_content_id: url }).then((r) => r.url)
            : url,
        )
        .then(
          (src) =>
            new Promise((resolve, reject) => {
              const img = new Image();
              img.onload = () => resolve(src);
              img.onerror = () => reject(new Error(`no image at ${src}`));
              img.src = src;
            }),
        )
        .then(
          (src) => {
            entry.state = "ok";
            entry.src = src;
            for (const tile of this._tiles.values()) if (tile.photoUrl === url) tile.setPhoto(src);
          },
          () => {
            entry.state = "missing";
          },
        );
    }

    _togglePhotos() {
      this._photosOff = !this._photosOff;
      this._applyPhotos();
    }
  };
