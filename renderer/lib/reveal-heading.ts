// After another view was chosen, brings one of its panels into view: its heading scrolls to the top
// and takes focus (so keyboard and screen-reader users land where the eye does).
export function revealHeading(id: string): void {
  requestAnimationFrame(() => {
    const heading = document.getElementById(id);
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  });
}
