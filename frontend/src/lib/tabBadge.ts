/**
 * The browser tab shows the unread total: `(3) <page title>` and a favicon with a
 * badge (drawn on a canvas). At 0 the plain title and favicon come back.
 */

/** Title of the tab for a page title and an unread count. */
export function formatTitle(title: string, unread: number): string {
  if (!(unread > 0)) return title;
  return `(${unread > 99 ? '99+' : unread}) ${title}`;
}

/** Text of a small badge (header, favicon): '' at 0, then 1…max, then "max+". */
export function badgeText(unread: number, max = 99): string {
  if (!(unread > 0)) return '';
  return unread > max ? `${max}+` : String(Math.floor(unread));
}

let pageTitle = 'Estrade';
let unreadCount = 0;
let plainIcon: { href: string; type: string } | null = null;
let iconImage: Promise<HTMLImageElement | null> | null = null;
let drawn = 0;

function applyTitle(): void {
  if (typeof document !== 'undefined') document.title = formatTitle(pageTitle, unreadCount);
}

/** Sets the page's own title (the count is added in front). */
export function setPageTitle(title: string): void {
  pageTitle = title;
  applyTitle();
}

/** Sets the unread count shown in the tab title and favicon. */
export function setTabUnread(unread: number): void {
  unreadCount = unread;
  applyTitle();
  void updateFavicon(unread);
}

function iconLink(): HTMLLinkElement | null {
  return document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
}

function loadIcon(href: string): Promise<HTMLImageElement | null> {
  iconImage ??= new Promise((resolve) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => resolve(null);
    image.src = href;
  });
  return iconImage;
}

async function updateFavicon(unread: number): Promise<void> {
  if (typeof document === 'undefined') return;
  const link = iconLink();
  if (!link) return;
  plainIcon ??= { href: link.getAttribute('href') ?? '/favicon.svg', type: link.type };
  if (!(unread > 0)) {
    drawn = 0;
    link.href = plainIcon.href;
    link.type = plainIcon.type;
    return;
  }
  if (drawn === unread) return;
  const image = await loadIcon(plainIcon.href);
  if (unreadCount !== unread) return; // changed meanwhile: a later call draws it
  const size = 64;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) return;
  if (image) context.drawImage(image, 0, 0, size, size);
  else {
    context.fillStyle = '#5b2a86';
    context.fillRect(0, 0, size, size);
  }
  const text = badgeText(unread, 9);
  context.beginPath();
  context.arc(size - 20, 20, 20, 0, 2 * Math.PI);
  context.fillStyle = '#d0021b';
  context.fill();
  context.lineWidth = 3;
  context.strokeStyle = '#ffffff';
  context.stroke();
  context.fillStyle = '#ffffff';
  context.font = `bold ${text.length > 1 ? 22 : 28}px system-ui, sans-serif`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText(text, size - 20, 22);
  link.type = 'image/png';
  link.href = canvas.toDataURL('image/png');
  drawn = unread;
}
