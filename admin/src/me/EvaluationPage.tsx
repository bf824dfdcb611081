import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { Fragment, useState } from 'react';
import { Link, useNotify, useTranslate } from 'react-admin';
import { useNavigate, useParams } from 'react-router-dom';
import { loket, unwrap } from '../api';
import { type EvaluationForm, type EvaluationFormItem, useEvaluationForms } from './data';
import { useFormats } from './format';
import { Page } from './Page';

const scale = [1, 2, 3, 4, 5] as const;

/** One 1-to-5 question as a group of radio buttons, the words for 1 and 5 said once underneath. */
function Scale(props: {
  name: string;
  label: string;
  value: number | undefined;
  onChange: (value: number) => void;
  strong?: boolean;
}) {
  const translate = useTranslate();
  const word = (value: number) => translate(`loket.me.form.scale.${value}`);
  const helpId = `${props.name}-help`;
  return (
    <FormControl component="fieldset" sx={{ mb: 2, display: 'block' }}>
      <FormLabel component="legend" sx={{ color: 'text.primary', fontWeight: props.strong ? 600 : 400 }}>
        {props.label}
      </FormLabel>
      <RadioGroup
        row
        name={props.name}
        value={props.value === undefined ? '' : String(props.value)}
        onChange={(event) => props.onChange(Number(event.target.value))}
        aria-describedby={helpId}
      >
        {scale.map((value) => (
          <FormControlLabel
            key={value}
            value={String(value)}
            control={
              <Radio
                slotProps={{
                  input: { 'aria-label': translate('loket.me.form.option', { value, label: word(value) }) },
                }}
              />
            }
            label={String(value)}
            sx={{ mr: 1.5 }}
          />
        ))}
      </RadioGroup>
      <FormHelperText id={helpId} sx={{ mx: 0 }}>
        1 = {word(1)}, 5 = {word(5)}
      </FormHelperText>
    </FormControl>
  );
}

/** A closed group's evaluation: what the participant answered, as text. */
function Answers({ form, item }: { form: EvaluationForm; item: EvaluationFormItem }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`loket.me.form.${key}`, options);
  const given = item.evaluation;
  const answer = (value: number | undefined) =>
    value === undefined ? t('no_answer') : t('option', { value, label: t(`scale.${value}`) });
  return (
    <Card>
      <CardContent>
        <Heading form={form} item={item} />
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('read_only')}
        </Alert>
        {given ? (
          <Box component="dl" sx={{ m: 0, '& dt': { fontWeight: 600 }, '& dd': { ml: 0, mb: 2 } }}>
            {item.questions.map((question) => (
              <Fragment key={question.code}>
                <dt>{question.text}</dt>
                <dd>{answer(given.answers[question.code])}</dd>
              </Fragment>
            ))}
            <dt>{t('overall')}</dt>
            <dd>{answer(given.rating)}</dd>
            {given.comment && (
              <>
                <dt>{t('comment')}</dt>
                <dd>{given.comment}</dd>
              </>
            )}
          </Box>
        ) : (
          <Typography sx={{ mb: 2 }}>{t('not_given')}</Typography>
        )}
        <Button component={Link} to="/my/evaluations">
          {t('back')}
        </Button>
      </CardContent>
    </Card>
  );
}

/** What is evaluated, and in which group. */
function Heading({ form, item }: { form: EvaluationForm; item: EvaluationFormItem }) {
  const translate = useTranslate();
  const f = useFormats();
  return (
    <Typography color="text.secondary" sx={{ mb: 2 }}>
      {translate(`loket.me.form.subject.${item.subjectType}`)}
      {item.subjectType === 'session' && item.date ? ` · ${f.day(item.date)}` : ''} · {form.cohortName}
    </Typography>
  );
}

function Editor({ form, item }: { form: EvaluationForm; item: EvaluationFormItem }) {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const t = (key: string, options?: object) => translate(`loket.me.form.${key}`, options);
  const given = item.evaluation;
  const [answers, setAnswers] = useState<Record<string, number>>(given?.answers ?? {});
  const [rating, setRating] = useState<number | undefined>(given?.rating);
  const [comment, setComment] = useState(given?.comment ?? '');
  const [busy, setBusy] = useState(false);
  // One key per visit: a retried save after a lost answer stores the evaluation once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const save = async () => {
    if (rating === undefined) {
      notify(t('overall_needed'), { type: 'warning' });
      return;
    }
    setBusy(true);
    const body = { rating, answers, comment: comment.trim() === '' ? null : comment.trim() };
    try {
      if (given) {
        await unwrap(
          loket.PATCH('/v1/evaluations/{id}', {
            params: { path: { id: given.id }, header: { 'if-match': `"${given.version}"` } },
            body,
          }),
        );
      } else {
        await unwrap(
          loket.POST('/v1/evaluations', {
            params: { header: { 'idempotency-key': idempotencyKey } },
            body: { ...body, enrolmentId: form.enrolmentId, subjectType: item.subjectType, subjectId: item.subjectId },
          }),
        );
      }
      notify(t('saved'), { type: 'success' });
      navigate('/my/evaluations');
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
      setBusy(false);
    }
  };

  return (
    <Card>
      <CardContent>
        <Heading form={form} item={item} />
        <Box
          component="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          {item.questions.length > 0 && (
            <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
              {t('questions')}
            </Typography>
          )}
          {item.questions.map((question) => (
            <Scale
              key={question.code}
              name={question.code}
              label={question.text}
              value={answers[question.code]}
              onChange={(value) => setAnswers((current) => ({ ...current, [question.code]: value }))}
            />
          ))}
          <Scale name="rating" label={t('overall')} value={rating} onChange={setRating} strong />
          <TextField
            label={t('comment')}
            helperText={t('comment_help')}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            multiline
            minRows={3}
            fullWidth
            slotProps={{ htmlInput: { maxLength: 2000 } }}
            sx={{ mb: 2 }}
          />
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
            <Button type="submit" variant="contained" disabled={busy}>
              {t('save')}
            </Button>
            <Button component={Link} to="/my/evaluations">
              {t('back')}
            </Button>
          </Stack>
        </Box>
      </CardContent>
    </Card>
  );
}

/** The evaluation of one module, meeting or the whole programme: filled in, changed, or read once closed. */
export function EvaluationPage() {
  const translate = useTranslate();
  const { enrolmentId = '', subjectType = '', subjectId = '' } = useParams();
  const loaded = useEvaluationForms(`${enrolmentId}/${subjectType}/${subjectId}`);
  const form = loaded.data?.find((candidate) => candidate.enrolmentId === enrolmentId);
  const item = form?.items.find((i) => i.subjectType === subjectType && i.subjectId === subjectId);
  const title = item
    ? translate('loket.me.form.title', { title: item.title })
    : translate('loket.me.evaluations.title');
  return (
    <Page title={title} loaded={loaded}>
      {() =>
        form && item ? (
          form.open ? (
            <Editor form={form} item={item} />
          ) : (
            <Answers form={form} item={item} />
          )
        ) : (
          <Alert severity="warning">{translate('loket.me.form.not_found')}</Alert>
        )
      }
    </Page>
  );
}
