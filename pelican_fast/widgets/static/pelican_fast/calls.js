/* pelican-fast: call-for-projects banners and call boxes.
 *
 * A static page goes stale: this script removes a banner once its call has
 * closed by the reader's clock, removes the apply button of a closed call's
 * box, and lets a reader dismiss a banner, remembered per call and version
 * (data-pf-key) in localStorage. It is loaded once, by src, deferred, and
 * adds no inline script, handler or style: a Content-Security-Policy of
 * script-src 'self' keeps it working. Without it, banners still say when the
 * call closes.
 */
(function () {
  "use strict";

  var STORAGE_PREFIX = "pelican-fast:call-dismissed:";
  var MAX_DELAY = 2147483647; // the longest setTimeout delay (about 24.8 days)

  function openStorage() {
    try {
      var storage = window.localStorage;
      var probe = STORAGE_PREFIX + "probe";
      storage.setItem(probe, "1");
      storage.removeItem(probe);
      return storage;
    } catch (error) {
      return null; // disabled, full or blocked: a dismissal lasts for this page only
    }
  }

  function closingTime(element) {
    var value = Date.parse(element.getAttribute("data-pf-closes") || "");
    return isNaN(value) ? null : value;
  }

  // As at build time: open up to and including the closing second.
  function hasClosed(closes, now) {
    return closes !== null && now >= closes + 1000;
  }

  function remove(element) {
    if (element.parentNode) {
      element.parentNode.removeChild(element);
    }
  }

  function removeWhenClosed(element, closes, now) {
    var delay = closes + 1000 - now;
    if (delay > 0 && delay <= MAX_DELAY) {
      window.setTimeout(function () {
        remove(element);
      }, delay);
    }
  }

  function wasDismissed(storage, key) {
    if (!storage || !key) {
      return false;
    }
    try {
      return storage.getItem(STORAGE_PREFIX + key) === "1";
    } catch (error) {
      return false;
    }
  }

  function remember(storage, key) {
    if (!storage || !key) {
      return;
    }
    try {
      storage.setItem(STORAGE_PREFIX + key, "1");
    } catch (error) {
      // Storage refused: the banner is hidden on this page only.
    }
  }

  function addDismissButton(banner, storage) {
    var body = banner.querySelector(".fr-notice__body") || banner;
    var label = banner.getAttribute("data-pf-dismiss-label") || "Masquer le message";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fr-btn--close fr-btn pf-call-dismiss";
    button.title = label;
    button.textContent = label;
    button.addEventListener("click", function () {
      remember(storage, banner.getAttribute("data-pf-key"));
      remove(banner);
    });
    body.appendChild(button);
  }

  function setUpBanners(now, storage) {
    var banners = document.querySelectorAll(".pf-call-banner[data-pf-closes]");
    for (var i = 0; i < banners.length; i++) {
      var banner = banners[i];
      var closes = closingTime(banner);
      if (hasClosed(closes, now) || wasDismissed(storage, banner.getAttribute("data-pf-key"))) {
        remove(banner);
        continue;
      }
      addDismissButton(banner, storage);
      if (closes !== null) {
        removeWhenClosed(banner, closes, now);
      }
    }
  }

  function setUpBoxes(now) {
    var buttons = document.querySelectorAll(".pf-call-box[data-pf-closes] .pf-call-apply");
    for (var i = 0; i < buttons.length; i++) {
      var box = buttons[i].closest(".pf-call-box");
      var closes = box ? closingTime(box) : null;
      if (hasClosed(closes, now)) {
        remove(buttons[i]);
      } else if (closes !== null) {
        removeWhenClosed(buttons[i], closes, now);
      }
    }
  }

  function setUp() {
    var now = Date.now();
    setUpBanners(now, openStorage());
    setUpBoxes(now);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
