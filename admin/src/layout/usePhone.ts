import { type Theme, useMediaQuery } from '@mui/material';

/** A phone-sized screen, where lists show as react-admin's SimpleList instead of a table (as its demo does). */
export const usePhone = () => useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
