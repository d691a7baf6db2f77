import assert from "node:assert/strict";
import { test } from "node:test";

import {
  folderPhoto,
  isMediaSource,
  photoName,
  wantedPhoto,
} from "../../custom_components/micboard/frontend/backgrounds.js";
import { editedConfig, normaliseConfig } from "../../custom_components/micboard/frontend/config.js";
import { slotValues } from "../../custom_components/micboard/frontend/groups.js";

test("the photo's name: the extended name, else the channel name without its ID", () => {
  assert.equal(photoName({ name: "H01 Fatai" }, ""), "Fatai");
  assert.equal(photoName({ name: "H01 Fatai" }, "Sarah - Lead Vox"), "Sarah - Lead Vox");
  assert.equal(photoName({ name: null }, ""), "");
  assert.equal(photoName(undefined, ""), "");
});

test("a folder's photo is <name in lower case>.jpg, URL-encoded for paths", () => {
  assert.equal(folderPhoto("/local/micboard/", "Fatai"), "/local/micboard/fatai.jpg");
  assert.equal(folderPhoto("/local/mb/", "Sarah - Lead Vox"), "/local/mb/sarah%20-%20lead%20vox.jpg");
  assert.equal(
    folderPhoto("media-source://media_source/local/mb/", "Kim"),
    "media-source://media_source/local/mb/kim.jpg",
  );
  assert.equal(folderPhoto("", "Kim"), "");
  assert.equal(folderPhoto("/local/", ""), "");
  assert.ok(isMediaSource("media-source://x"));
  assert.ok(!isMediaSource("/local/x.jpg"));
});

test("a slot's own image wins over the folder", () => {
  const device = { name: "H01 Fatai" };
  assert.equal(wantedPhoto("/local/mb/", "/local/own.png", device, ""), "/local/own.png");
  assert.equal(wantedPhoto("/local/mb/", "", device, ""), "/local/mb/fatai.jpg");
  assert.equal(wantedPhoto("", "", device, ""), "");
});

test("images per slot come from the groups like names", () => {
  const groups = [
    { id: "g1", images: { A: "/local/a.jpg" } },
    { id: "g2", images: { a: "/local/other.jpg", B: "/local/b.jpg" } },
  ];
  assert.deepEqual([...slotValues(groups, "", "images")], [["a", "/local/a.jpg"], ["b", "/local/b.jpg"]]);
  assert.deepEqual([...slotValues(groups, "g2", "images")], [["a", "/local/other.jpg"], ["b", "/local/b.jpg"]]);
});

test("the backgrounds option: a folder, ending in a slash; anything else is refused", () => {
  assert.equal(normaliseConfig({}).backgrounds, "");
  assert.equal(normaliseConfig({ backgrounds: "/local/micboard" }).backgrounds, "/local/micboard/");
  assert.equal(
    normaliseConfig({ backgrounds: "media-source://media_source/local/mb/" }).backgrounds,
    "media-source://media_source/local/mb/",
  );
  assert.throws(() => normaliseConfig({ backgrounds: "javascript:alert(1)" }), /backgrounds must be a folder/);
  assert.throws(() => normaliseConfig({ backgrounds: 5 }), /backgrounds must be a folder/);
  const edited = { title: "", group: "", columns: "", layout: "desk", shown: ["audio"] };
  assert.deepEqual(editedConfig({}, { ...edited, backgrounds: " /local/mb/ " }), {
    show: ["audio"],
    backgrounds: "/local/mb/",
  });
  assert.deepEqual(editedConfig({ backgrounds: "/local/mb/" }, { ...edited, backgrounds: "" }), { show: ["audio"] });
});
