import { AdapterDateFns } from '@mui/x-date-pickers/AdapterDateFns';
import { DatePicker } from '@mui/x-date-pickers/DatePicker';
import { DateTimePicker } from '@mui/x-date-pickers/DateTimePicker';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { nlNL } from '@mui/x-date-pickers/locales';
import { isValid } from 'date-fns';
import { nl } from 'date-fns/locale/nl';
import type { ReactNode } from 'react';
import { FieldTitle, InputHelperText, type InputProps, useInput, useResourceContext } from 'react-admin';
import { fromWallClock, toWallClock } from './time';

/** Dutch pickers: dd-mm-jjjj, a 24-hour clock, Monday first, Dutch labels. */
function DutchPickers({ children }: { children: ReactNode }) {
  return (
    <LocalizationProvider
      dateAdapter={AdapterDateFns}
      adapterLocale={nl}
      localeText={nlNL.components.MuiLocalizationProvider.defaultProps.localeText}
    >
      {children}
    </LocalizationProvider>
  );
}

const picked = (value: Date | null) => (value && isValid(value) ? fromWallClock(value) : null);

/** A meeting's moment, shown and chosen in Amsterdam time whatever the browser's time zone. */
export function AmsterdamDateTimeInput(props: InputProps & { helperText?: string }) {
  const resource = useResourceContext(props);
  const { field, fieldState, isRequired, id } = useInput(props);
  const error = fieldState.invalid && (fieldState.isTouched || fieldState.isDirty);
  return (
    <DutchPickers>
      <DateTimePicker
        label={<FieldTitle source={props.source} resource={resource} isRequired={isRequired} />}
        value={field.value ? toWallClock(field.value) : null}
        onChange={(value) => field.onChange(picked(value))}
        format="dd-MM-yyyy HH:mm"
        ampm={false}
        disabled={props.disabled}
        slotProps={{
          textField: {
            id,
            name: field.name,
            onBlur: field.onBlur,
            error,
            // As react-admin's own inputs.
            variant: 'filled',
            size: 'small',
            helperText: (
              <InputHelperText error={error ? fieldState.error?.message : undefined} helperText={props.helperText} />
            ),
          },
        }}
      />
    </DutchPickers>
  );
}

/** A filter day in Amsterdam: from its start, or (`endOfDay`) up to and including its last minute. */
export function AmsterdamDateInput(props: InputProps & { endOfDay?: boolean }) {
  const resource = useResourceContext(props);
  const { field, id } = useInput(props);
  const toDay = (value: Date | null) => {
    if (!value || !isValid(value)) return null;
    const day = new Date(value.getFullYear(), value.getMonth(), value.getDate(), ...(props.endOfDay ? [23, 59] : []));
    return fromWallClock(day);
  };
  return (
    <DutchPickers>
      <DatePicker
        label={<FieldTitle source={props.source} resource={resource} />}
        value={field.value ? toWallClock(field.value) : null}
        onChange={(value) => field.onChange(toDay(value))}
        format="dd-MM-yyyy"
        slotProps={{ textField: { id, name: field.name, onBlur: field.onBlur, variant: 'filled', size: 'small' } }}
      />
    </DutchPickers>
  );
}
