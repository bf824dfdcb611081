import { defaultTheme, type RaThemeOptions } from 'react-admin';

/** People who ask their system for less motion get none: dialogs and menus appear at once (WCAG 2.3.3). */
const prefersReducedMotion =
  typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

/** MUI's "sm" breakpoint: below it is a phone. */
const phone = '@media (max-width:599.95px)';

/**
 * react-admin's theme with darker blues and a darker amber: the defaults reach only 4.0:1 (a focused
 * field's label on a filled input's grey) and 3.1:1 (white on the app bar), below WCAG AA's 4.5:1.
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1565c0' },
    secondary: { main: '#0d47a1' },
    // Material's orange gives white text 3.1:1 (a cohort "being evaluated"); this amber gives 5.5:1.
    warning: { main: '#b45309' },
  },
  components: {
    ...defaultTheme.components,
    // The content may be narrower than what it holds (flex items default to their content's width), and
    // on a phone filters, chips, headings and button groups wrap or shrink to the screen.
    RaLayout: {
      styleOverrides: {
        root: {
          '& .RaLayout-content': { minWidth: 0 },
          [phone]: {
            // react-admin lets the layout grow to fit its content; on a phone the content fits the screen instead.
            minWidth: 0,
            '& .RaList-main, & .filter-field, & .MuiFormControl-root, & .MuiChip-root': {
              maxWidth: '100%',
              minWidth: 0,
            },
            '& .RaFilterForm-filterFormInput': { flexShrink: 1 },
            '& .MuiToggleButtonGroup-root': { flexWrap: 'wrap' },
            '& h1, & h2, & h3': { overflowWrap: 'anywhere' },
          },
        },
      },
    },
    // A table wider than a phone scrolls inside its card; the page itself never gets wider than the screen.
    RaDatagrid: { styleOverrides: { root: { '& .RaDatagrid-tableWrapper': { overflowX: 'auto' } } } },
    // Inputs given a minimum width for a desktop form take the phone's width instead.
    MuiFormControl: { styleOverrides: { root: { [phone]: { minWidth: '0 !important', maxWidth: '100%' } } } },
    MuiAutocomplete: { styleOverrides: { root: { [phone]: { minWidth: '0 !important', maxWidth: '100%' } } } },
    // Tabs (a leergroep's, an organisation's) scroll sideways rather than push the page wider.
    MuiTabs: { defaultProps: { variant: 'scrollable', scrollButtons: 'auto', allowScrollButtonsMobile: true } },
  },
  ...(prefersReducedMotion ? { transitions: { create: () => 'none' } } : {}),
};
